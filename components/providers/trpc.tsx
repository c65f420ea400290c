'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import superjson from 'superjson';
import { CSRF_HEADER } from '@/domain/http/csrf';
import type { AppRouter } from '@/server/api/root';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({
    defaultOptions: { queries: { staleTime: 500, retry: 1, refetchOnWindowFocus: true } },
  }));
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({
    // the header proves a same-origin caller: a cross-site form cannot set it (server/http/guard.ts)
    links: [httpBatchLink({ url: '/api/trpc', transformer: superjson, headers: { [CSRF_HEADER]: '1' } })],
  }));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>{children}</TRPCProvider>
    </QueryClientProvider>
  );
}
