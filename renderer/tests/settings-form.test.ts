import { describe, expect, test } from 'vitest';
import { emptyForm, hostErrorsByField, sourcesRequest, validateForm } from '../src/lib/settings-form';

describe('settings form', () => {
  test('a malformed S3 endpoint and bucket get clear field messages', () => {
    const f = { ...emptyForm(), s3Enabled: true, bucket: 'AB', endpoint: 'not a url' };
    const e = validateForm(f);
    expect(e.bucket).toMatch(/3–63/);
    expect(e.endpoint).toMatch(/URL/);
  });

  test('a valid form has no errors and builds the setSources request', () => {
    const f = { ...emptyForm(), s3Enabled: true, bucket: 'night-frames', endpoint: 'http://127.0.0.1:9000', directories: 'data, allsky', folders: '/data/n1\n\n/data/n2' };
    expect(validateForm(f)).toEqual({});
    expect(sourcesRequest(f)).toEqual({
      s3: [{ bucket: 'night-frames', directories: ['data', 'allsky'], endpoint: 'http://127.0.0.1:9000', forcePathStyle: true }],
      folders: [{ path: '/data/n1' }, { path: '/data/n2' }],
    });
  });

  test('poll interval and cache size out of range are refused', () => {
    const e = validateForm({ ...emptyForm(), pollIntervalS: '0', cacheMb: 'x' });
    expect(e.pollIntervalS).toBeTruthy();
    expect(e.cacheMb).toBeTruthy();
  });

  test('host zod issues and INVALID_SOURCES problems land on their fields', () => {
    const zod = hostErrorsByField({ issues: [{ path: ['s3', 0, 'endpoint'], message: 'Invalid URL' }] }, 'BAD_REQUEST');
    expect(zod.endpoint).toBe('Invalid URL');
    const problems = hostErrorsByField({ problems: [{ field: 's3[0].bucket', message: 'no such bucket' }, { field: 'x', message: 'other' }] }, 'E');
    expect(problems.bucket).toBe('no such bucket');
    expect(problems['']).toEqual(['other']);
    expect(hostErrorsByField(undefined, 'INTERNAL: boom')['']).toEqual(['INTERNAL: boom']);
  });
});
