// Netloom's images are NHWC; ONNX's and PyTorch's convolutions and pools want NCHW. Exporters keep
// each node's value in whichever layout it was produced in and convert (one transpose) only where a
// consumer needs the other one, caching the result: a conv → pool → conv chain stays NCHW, and the
// value is brought back to NHWC before anything that depends on element order (Flatten, Reshape,
// Dense, the model output). Only rank-3 samples (images) ever take the NCHW layout.

export type Layout = 'nhwc' | 'nchw';

/** NHWC -> NCHW and back, as permutations of (batch, ...sample) axes. */
export const TO_NCHW = [0, 3, 1, 2];
export const TO_NHWC = [0, 2, 3, 1];

interface Entry {
  rank: number; // sample rank (batch excluded)
  names: Partial<Record<Layout, string>>;
}

export class LayoutTracker {
  private readonly values = new Map<string, Entry>();

  /** convert(name, to) emits the transpose of value `name` into layout `to` and returns the new value. */
  constructor(private readonly convert: (name: string, to: Layout, id: string) => string) {}

  /** Records node `id`'s value. */
  set(id: string, name: string, layout: Layout, rank: number): void {
    this.values.set(id, { rank, names: { [layout]: name } });
  }

  /** Node `id`'s value in `layout` (values that are not images have one layout: returned as is). */
  get(id: string, layout: Layout): string {
    const e = this.entry(id);
    if (e.rank !== 3) return (e.names.nhwc ?? e.names.nchw)!;
    const have = e.names[layout];
    if (have) return have;
    const from = (e.names.nhwc ?? e.names.nchw)!;
    return (e.names[layout] = this.convert(from, layout, id));
  }

  /** The value as it is, with its layout (NHWC when it has both). */
  current(id: string): { name: string; layout: Layout; rank: number } {
    const e = this.entry(id);
    return e.names.nhwc ? { name: e.names.nhwc, layout: 'nhwc', rank: e.rank } : { name: e.names.nchw!, layout: 'nchw', rank: e.rank };
  }

  private entry(id: string): Entry {
    const e = this.values.get(id);
    if (!e) throw new Error(`export: no value for node '${id}' yet`);
    return e;
  }
}

/** Position of NHWC sample axis `ax` (0 = height, 1 = width, 2 = channels) in an NCHW tensor (batch included). */
export const nchwAxis = (ax: number): number => [2, 3, 1][ax];
