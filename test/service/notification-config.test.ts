import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../api/config.ts';

describe('notification settings', () => {
  it('default to no email, eight attempts, ten minutes between repeats, and links to the listening address', () => {
    const config = readConfig({ PORT: '9000', HOST: '::1' });
    expect(config).toMatchObject({ smtpUrl: undefined, mailFrom: undefined, notifyMaxAttempts: 8, notifyThrottleMs: 600_000, publicUrl: 'http://[::1]:9000' });
  });

  it('read SMTP_URL, MAIL_FROM, PUBLIC_URL, NOTIFY_MAX_ATTEMPTS and NOTIFY_THROTTLE_MINUTES', () => {
    const config = readConfig({
      SMTP_URL: 'smtps://user:secret@mail.example.org:465',
      MAIL_FROM: 'complaints@example.org',
      PUBLIC_URL: 'https://complaints.example.org/',
      NOTIFY_MAX_ATTEMPTS: '3',
      NOTIFY_THROTTLE_MINUTES: '0',
    });
    expect(config).toMatchObject({
      smtpUrl: 'smtps://user:secret@mail.example.org:465',
      mailFrom: 'complaints@example.org',
      publicUrl: 'https://complaints.example.org',
      notifyMaxAttempts: 3,
      notifyThrottleMs: 0,
    });
  });

  it('refuse to start with a sentence that names what is wrong', () => {
    expect(() => readConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toThrow(new ConfigError('invalid configuration: MAIL_FROM: set the sender address of the emails when SMTP_URL is set'));
    expect(() => readConfig({ SMTP_URL: 'mail.example.org' })).toThrow(/SMTP_URL: must be an SMTP URL/);
    expect(() => readConfig({ PUBLIC_URL: 'complaints.example.org' })).toThrow(/PUBLIC_URL: must be an http:\/\/ or https:\/\/ URL/);
    expect(() => readConfig({ NOTIFY_MAX_ATTEMPTS: '0' })).toThrow(/NOTIFY_MAX_ATTEMPTS/);
  });
});
