import fc from 'fast-check';
import { daysFromCivil, parseIsoUtc } from './time';

describe('parseIsoUtc', () => {
  it.each([
    ['2024-01-05', Date.UTC(2024, 0, 5)],
    ['2024-01-05T10:00', Date.UTC(2024, 0, 5, 10)],
    ['2024-01-05T10:00:00', Date.UTC(2024, 0, 5, 10)],
    ['2024-01-05 10:00:00', Date.UTC(2024, 0, 5, 10)],
    ['2024-01-05T10:00:00Z', Date.UTC(2024, 0, 5, 10)],
    ['2024-01-05T10:00:00.123Z', Date.UTC(2024, 0, 5, 10, 0, 0, 123)],
    ['2024-01-05T10:00:00.123456', Date.UTC(2024, 0, 5, 10, 0, 0, 123)],
    ['2024-01-05T10:00:00+03:00', Date.UTC(2024, 0, 5, 7)],
    ['2024-01-05T10:00:00+0300', Date.UTC(2024, 0, 5, 7)],
    ['2024-01-05T10:00:00+03', Date.UTC(2024, 0, 5, 7)],
    ['2024-01-05T01:30:00-05:30', Date.UTC(2024, 0, 5, 7)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2000-02-29', Date.UTC(2000, 1, 29)],
    ['1969-12-31T23:59:59Z', -1000],
  ])('reads %s', (text, expected) => {
    expect(parseIsoUtc(text)).toBe(expected);
  });

  it('reads zone-less and date-only forms as UTC, whatever the process time zone', () => {
    expect(parseIsoUtc('2024-01-05')).toBe(parseIsoUtc('2024-01-05T00:00:00Z'));
    expect(parseIsoUtc('2024-01-05T10:00:00')).toBe(parseIsoUtc('2024-01-05T13:00:00+03:00'));
  });

  it.each([
    '',
    '2024',
    '2024-1-05',
    '2024/01/05',
    '2024-13-01',
    '2024-00-10',
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-01-05T',
    '2024-01-05T24:00',
    '2024-01-05T10:60',
    '2024-01-05T10:00:60',
    '2024-01-05T10:00:00.',
    '2024-01-05T10:00:00X',
    '2024-01-05T10:00:00Zjunk',
    '2024-01-05T10:00:00+3:00',
    '2024-01-05T10:00:00+03:7',
    '2024-01-05junk',
    'not a date',
  ])('rejects %p', (text) => {
    expect(parseIsoUtc(text)).toBeNaN();
  });

  it('agrees with Date#toISOString on any instant of years 1000..9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        expect(parseIsoUtc(new Date(ms).toISOString())).toBe(ms);
      }),
    );
  });

  it('daysFromCivil counts days since the epoch', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(Date.UTC(2000, 2, 1) / 86_400_000);
  });
});
