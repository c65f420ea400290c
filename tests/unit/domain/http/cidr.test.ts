import { describe, expect, it } from 'vitest';
import { isIpAllowed, parseCidr, parseIp, type CidrRange } from '@/domain/http/cidr';

const ranges = (...texts: string[]): CidrRange[] => texts.map((t) => {
  const r = parseCidr(t);
  if (!r.ok) throw new Error(`${t}: ${r.reason}`);
  return r.range;
});

describe('parseIp', () => {
  it('reads IPv4, IPv6 and IPv4-mapped IPv6 to the same number space', () => {
    expect(parseIp('10.1.2.3')?.value).toBe(parseIp('::ffff:10.1.2.3')?.value);
    expect(parseIp('::ffff:a01:203')?.value).toBe(parseIp('10.1.2.3')?.value);
    expect(parseIp('2001:db8::1')?.value).toBe(parseIp('2001:0db8:0:0:0:0:0:0001')?.value);
    expect(parseIp('::')?.value).toBe(0n);
    expect(parseIp('::1')?.value).toBe(1n);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.-1', 'a.b.c.d', '1::2::3', '12345::', 'g::1',
    '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '::ffff:300.1.1.1', 'fe80::1%eth0', '[::1]', 'localhost'])('refuses %j', (text) => {
    expect(parseIp(text)).toBeNull();
  });
});

describe('parseCidr', () => {
  it('takes a bare address as a single host', () => {
    expect(isIpAllowed('192.168.1.7', ranges('192.168.1.7'))).toBe(true);
    expect(isIpAllowed('192.168.1.8', ranges('192.168.1.7'))).toBe(false);
    expect(isIpAllowed('::1', ranges('::1'))).toBe(true);
  });

  it.each([
    ['10.0.0.0/33', 'prefix length above 32'],
    ['::/129', 'prefix length above 128'],
    ['10.1.2.3/8', 'host bits set'],
    ['10.0.0.0/8/8', 'more than one'],
    ['10.0.0.0/x', 'not a number'],
    ['10.0.0.0/', 'not a number'],
    ['example.com/24', 'not an IPv4 or IPv6 address'],
  ])('refuses %j (%s)', (text, reason) => {
    const r = parseCidr(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('isIpAllowed', () => {
  it('matches IPv4 ranges, including from a dual-stack socket', () => {
    const list = ranges('10.0.0.0/8', '192.168.1.0/24');
    expect(isIpAllowed('10.255.255.255', list)).toBe(true);
    expect(isIpAllowed('::ffff:10.0.0.1', list)).toBe(true);
    expect(isIpAllowed('192.168.1.200', list)).toBe(true);
    expect(isIpAllowed('192.168.2.1', list)).toBe(false);
    expect(isIpAllowed('11.0.0.1', list)).toBe(false);
  });

  it('matches IPv6 ranges and keeps IPv4 out of a native IPv6 range', () => {
    const list = ranges('2001:db8::/32');
    expect(isIpAllowed('2001:db8:ffff::1', list)).toBe(true);
    expect(isIpAllowed('2001:db9::1', list)).toBe(false);
    expect(isIpAllowed('10.0.0.1', list)).toBe(false);
  });

  it('lets /0 in everything of its family', () => {
    expect(isIpAllowed('203.0.113.9', ranges('0.0.0.0/0'))).toBe(true);
    expect(isIpAllowed('2001:db8::1', ranges('0.0.0.0/0'))).toBe(false);
    expect(isIpAllowed('2001:db8::1', ranges('::/0'))).toBe(true);
  });

  it('refuses what is not an address', () => {
    expect(isIpAllowed('unknown', ranges('0.0.0.0/0', '::/0'))).toBe(false);
    expect(isIpAllowed('', ranges('0.0.0.0/0'))).toBe(false);
  });
});
