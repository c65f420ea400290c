import { encode } from 'uqr';

/**
 * A QR code drawn as SVG rectangles from uqr's module matrix (pure JS, nothing fetched,
 * no inline markup injected). Error correction M: readable from a screen at a glance.
 */
export function QrCode({ text, label, sizePx = 200 }: { text: string; label: string; sizePx?: number }) {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  const cells: string[] = [];
  data.forEach((row, y) => row.forEach((isDark, x) => { if (isDark) cells.push(`M${x} ${y}h1v1h-1z`); }));
  return (
    <svg role="img" aria-label={label} width={sizePx} height={sizePx} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges" style={{ background: '#fff' }}>
      <path d={cells.join('')} fill="#000" />
    </svg>
  );
}
