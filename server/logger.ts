import { createLogger } from '@/adapters/logging/logger';

export const logger = createLogger('sentinel-web');
