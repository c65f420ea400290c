'use client';

import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { ErrorNote } from '@/components/ui/card';

type Kind = 'webhook' | 'slack' | 'discord' | 'telegram' | 'email';
interface Field { name: string; label: string; type?: 'password' | 'number' | 'email' | 'checkbox'; isOptional?: boolean; placeholder?: string }

/** The settings each kind asks for; the server's zod schemas (adapters/notify/channels.ts) have the last word. */
const FIELDS: Record<Kind, Field[]> = {
  webhook: [{ name: 'url', label: 'URL', type: 'password', placeholder: 'https://…' }, { name: 'signingSecret', label: 'Signing secret (HMAC-SHA256, at least 16 characters)', type: 'password' }],
  slack: [{ name: 'url', label: 'Incoming webhook URL', type: 'password', placeholder: 'https://hooks.slack.com/…' }],
  discord: [{ name: 'url', label: 'Webhook URL', type: 'password', placeholder: 'https://discord.com/api/webhooks/…' }],
  telegram: [{ name: 'botToken', label: 'Bot token', type: 'password' }, { name: 'chatId', label: 'Chat id' }, { name: 'baseUrl', label: 'API base URL', isOptional: true, placeholder: 'https://api.telegram.org' }],
  email: [{ name: 'host', label: 'SMTP host' }, { name: 'port', label: 'Port', type: 'number', placeholder: '587' }, { name: 'secure', label: 'TLS from the start (port 465)', type: 'checkbox' },
    { name: 'user', label: 'User', isOptional: true }, { name: 'password', label: 'Password', type: 'password', isOptional: true },
    { name: 'from', label: 'From', type: 'email' }, { name: 'to', label: 'To', type: 'email' }],
};

/** Admin: add a channel; secrets go in once and come back only as their last 4 characters. */
export function AlertChannelForm({ onAdded }: { onAdded: () => void }) {
  const trpc = useTRPC();
  const form = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<Kind>('webhook');
  const add = useMutation(trpc.alertChannels.add.mutationOptions({ onSuccess: () => { form.current?.reset(); setKind('webhook'); onAdded(); } }));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const settings: Record<string, unknown> = {};
    for (const fd of FIELDS[kind]) {
      if (fd.type === 'checkbox') { settings[fd.name] = f.get(fd.name) === 'on'; continue; }
      const v = String(f.get(fd.name) ?? '').trim();
      if (v || !fd.isOptional) settings[fd.name] = fd.type === 'number' && v ? Number(v) : v;
    }
    // the server validates each kind's settings and names a bad field
    add.mutate({ name: String(f.get('name') ?? ''), kind, minSeverity: String(f.get('minSeverity')), settings } as Parameters<typeof add.mutate>[0]);
  }

  return (
    <form ref={form} className="form credentials-form" onSubmit={onSubmit} autoComplete="off" aria-label="Add an alert channel">
      <label>Name<input name="name" required maxLength={60} data-testid="channel-name" /></label>
      <label>Kind
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="channel-kind">
          <option value="webhook">webhook (signed JSON)</option><option value="slack">Slack</option><option value="discord">Discord</option><option value="telegram">Telegram</option><option value="email">e-mail (SMTP)</option>
        </select>
      </label>
      <label>Minimum severity
        <select name="minSeverity" defaultValue="WARNING" data-testid="channel-min-severity">
          <option value="INFO">info</option><option value="WARNING">warning</option><option value="CRITICAL">critical</option>
        </select>
      </label>
      {FIELDS[kind].map((fd) => fd.type === 'checkbox'
        ? <label key={`${kind}.${fd.name}`} className="check"><input type="checkbox" name={fd.name} /> {fd.label}</label>
        : <label key={`${kind}.${fd.name}`}>{fd.label}{fd.isOptional ? ' (optional)' : ''}
          <input name={fd.name} type={fd.type ?? 'text'} required={!fd.isOptional} placeholder={fd.placeholder} spellCheck={false}
            autoComplete={fd.type === 'password' ? 'new-password' : 'off'} data-testid={`channel-${fd.name}`} /></label>)}
      <ErrorNote error={add.error} />
      <div><button type="submit" className="btn btn-primary" disabled={add.isPending} data-testid="channel-save">Add channel</button></div>
    </form>
  );
}
