import { describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.ts';

describe('the outbox’s retry and lease times', () => {
  it('default to 30 s before the first retry and a two-minute lease', () => {
    expect(readConfig({})).toMatchObject({ notifyRetryMs: 30_000, notifyLeaseMs: 120_000 });
  });

  it('read NOTIFY_RETRY_SECONDS (fractions too) and NOTIFY_LEASE_SECONDS', () => {
    expect(readConfig({ NOTIFY_RETRY_SECONDS: '0.5', NOTIFY_LEASE_SECONDS: '5' })).toMatchObject({ notifyRetryMs: 500, notifyLeaseMs: 5000 });
  });

  it('refuse a retry of nothing or a lease under five seconds, naming the variable', () => {
    expect(() => readConfig({ NOTIFY_RETRY_SECONDS: '0' })).toThrow(/NOTIFY_RETRY_SECONDS/);
    expect(() => readConfig({ NOTIFY_LEASE_SECONDS: '1' })).toThrow(/NOTIFY_LEASE_SECONDS/);
    expect(() => readConfig({ NOTIFY_LEASE_SECONDS: 'soon' })).toThrow(/NOTIFY_LEASE_SECONDS/);
  });
});
