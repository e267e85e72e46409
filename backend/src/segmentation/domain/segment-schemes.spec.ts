import { clusterSegmentId, isKnownSegment, NO_PURCHASES, parseClusterSegmentId, segmentDisplayName, UNCLUSTERED } from './segment-schemes';

describe('segment schemes', () => {
  it('cluster segment ids round-trip; other strings are not cluster ids', () => {
    expect(clusterSegmentId(3, 4)).toBe('m3-c4');
    expect(parseClusterSegmentId('m3-c4')).toEqual({ version: 3, cluster: 4 });
    expect(parseClusterSegmentId('m3-c')).toBeNull();
    expect(parseClusterSegmentId('champions')).toBeNull();
  });

  it('known segments per scheme; no_purchases everywhere, unclustered only for clusters', () => {
    expect(isKnownSegment('rfm', 'champions')).toBe(true);
    expect(isKnownSegment('rfm', 'loyal')).toBe(false);
    expect(isKnownSegment('lifecycle', 'loyal')).toBe(true);
    expect(isKnownSegment('lifecycle', 'loyal_customers')).toBe(false);
    expect(isKnownSegment('rules-churn-value', 'Sadık VIP')).toBe(true);
    expect(isKnownSegment('rules-churn-value', 'Loyal VIP')).toBe(false);
    expect(isKnownSegment('cluster', 'm12-c3')).toBe(true);
    expect(isKnownSegment('cluster', UNCLUSTERED)).toBe(true);
    expect(isKnownSegment('rfm', UNCLUSTERED)).toBe(false);
    for (const scheme of ['rfm', 'lifecycle', 'cluster', 'rules-churn-value'] as const) expect(isKnownSegment(scheme, NO_PURCHASES)).toBe(true);
  });

  it('display names, cluster names through the run map', () => {
    expect(segmentDisplayName('rfm', 'cant_lose')).toBe("Can't lose them");
    expect(segmentDisplayName('lifecycle', 'needs_attention')).toBe('Needs attention');
    expect(segmentDisplayName('rules-churn-value', 'Kayıp Alıcı')).toBe('Lost buyer');
    expect(segmentDisplayName('cluster', 'm1-c2', { 'm1-c2': 'champions' })).toBe('Champions (m1-c2)');
    expect(segmentDisplayName('cluster', 'm1-c2', { 'm1-c2': 'odd' })).toBe('odd (m1-c2)');
    expect(segmentDisplayName('cluster', 'm1-c3')).toBe('m1-c3');
    expect(segmentDisplayName('lifecycle', NO_PURCHASES)).toBe('No purchases');
    expect(segmentDisplayName('cluster', UNCLUSTERED)).toBe('Not clustered');
    expect(segmentDisplayName('rfm', 'unknown')).toBe('unknown');
  });
});
