'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/positions', label: 'Positions' },
  { href: '/journal', label: 'Journal' },
  { href: '/performance', label: 'Performance' },
  { href: '/research', label: 'Research' },
  { href: '/risk', label: 'Risk' },
  { href: '/exchange', label: 'Exchange' },
  { href: '/system', label: 'System' },
  { href: '/stages', label: 'Stages' },
  { href: '/checklist', label: 'Checklist' },
  { href: '/operations', label: 'Operations' },
  { href: '/reports', label: 'Reports' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/emergency', label: 'Emergency' },
  { href: '/audit', label: 'Audit log' },
  { href: '/settings', label: 'Settings' },
] as const;

export function Nav() {
  const path = usePathname();
  return (
    <nav className="nav" aria-label="Main">
      {NAV.map((n) => {
        const isActive = n.href === '/' ? path === '/' : path.startsWith(n.href);
        return <Link key={n.href} href={n.href} className={isActive ? 'nav-link active' : 'nav-link'} aria-current={isActive ? 'page' : undefined}>{n.label}</Link>;
      })}
    </nav>
  );
}
