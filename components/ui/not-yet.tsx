import { Card, PageHeader } from './card';

/** A page whose data arrives with a later part of the product; says so plainly. */
export function NotYet({ title, what, arrives }: { title: string; what: string; arrives: string }) {
  return (
    <>
      <PageHeader title={title} subtitle={what} />
      <Card><p className="muted">Not available in this version: {arrives}</p></Card>
    </>
  );
}
