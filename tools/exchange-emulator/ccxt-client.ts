/** The emulator's clients are the product's own (adapters/exchange/binance.ts), pointed at its URL. */
export { binanceClient } from '@/adapters/exchange/binance';
