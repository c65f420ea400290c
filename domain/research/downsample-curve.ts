/**
 * At most `maxPoints` points of a curve, evenly strided, the first and the last always
 * kept (the last is the final equity, the figure a reader compares).
 */
export function downsampleCurve<T>(points: readonly T[], maxPoints: number): T[] {
  if (maxPoints < 2) throw new Error('downsampleCurve: maxPoints must be at least 2');
  if (points.length <= maxPoints) return [...points];
  const every = Math.ceil((points.length - 1) / (maxPoints - 1));
  const out: T[] = [];
  for (let i = 0; i < points.length - 1; i += every) out.push(points[i]!);
  out.push(points[points.length - 1]!);
  return out;
}
