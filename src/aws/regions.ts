// Region names people mistype (useast1, US-EAST-1, eu-west1): the closest known region, offered as
// a hint. Whether a name is well formed is the config schema's pattern; whether the account has
// the region enabled is decided by DescribeRegions. This list only suggests.
const KNOWN_REGIONS = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1', 'cn-north-1', 'cn-northwest-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1',
  'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
  'sa-east-1', 'us-east-1', 'us-east-2', 'us-gov-east-1', 'us-gov-west-1', 'us-west-1', 'us-west-2',
] as const;

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** The known region `input` most likely means, when one is clearly closest; else undefined. */
export function closestRegion(input: string): string | undefined {
  const s = squash(input);
  if (!s) return undefined;
  const exact = KNOWN_REGIONS.find((r) => squash(r) === s);
  if (exact) return exact;
  const scored = KNOWN_REGIONS.map((r) => ({ r, d: distance(s, squash(r)) })).sort((a, b) => a.d - b.d);
  // One edit away, and no other region as close: an obvious typo, not a guess.
  return scored[0].d <= 1 && scored[1].d > scored[0].d ? scored[0].r : undefined;
}
