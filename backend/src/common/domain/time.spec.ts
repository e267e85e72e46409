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
    '2024-01-05T24:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-01-05T10:00:00+03',
    '2024-01-05T23:59:60Z',
    '2011-W05-1',
    '2011-032',
    '20110101',
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

  it('rejects every day past the end of its month, in any year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        const day = (d: number) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(parseIsoUtc(day(last))).toBe(Date.UTC(year, month - 1, last));
        if (last < 31) expect(parseIsoUtc(day(last + 1))).toBeNaN();
      }),
    );
  });

  it('rejects any hour from 24 and any minute or second from 60', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (h, m, sec) => {
        const p = (n: number) => String(n).padStart(2, '0');
        const ms = parseIsoUtc(`2024-01-05T${p(h)}:${p(m)}:${p(sec)}Z`);
        if (h < 24 && m < 60 && sec < 60) expect(ms).toBe(Date.UTC(2024, 0, 5, h, m, sec));
        else expect(ms).toBeNaN();
      }),
    );
  });

  it('daysFromCivil counts days since the epoch', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(Date.UTC(2000, 2, 1) / 86_400_000);
  });
});
