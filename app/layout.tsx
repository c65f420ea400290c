import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = { title: 'Sentinel', description: 'Risk-first crypto trading agent: control panel' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // every page renders per request: the CSP nonce (proxy.ts) is new each time, and Next can only
  // stamp it on the scripts of a page it renders now, never on one prerendered at build time
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
