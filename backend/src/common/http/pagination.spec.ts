import { InvalidInputError } from '../domain/domain.error';
import { decodeCursor, encodeCursor } from './pagination';

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('cursor encoding', () => {
  it('round-trips a position through an opaque base64url cursor', () => {
    const position = { s: 3, k: { pk: 'CUSTOMER#12347', sk: 'PROFILE', gsi1pk: 'CUSTOMERS#03', gsi1sk: '12347' } };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it('round-trips non-ASCII values', () => {
    const position = { k: { pk: 'CUSTOMER#Zoë', sk: 'ORDER#ü\uffff' } };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('maps no position to no cursor and back', () => {
    expect(encodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each([
    ['garbage', 'garbage'],
    ['empty', ''],
    ['a JSON array', base64url('[1,2]')],
    ['JSON null', base64url('null')],
    ['a JSON number', base64url('42')],
    ['a JSON string', base64url('"k"')],
    ['truncated JSON', base64url('{"k":')],
  ])('rejects %s with InvalidInputError on field cursor', (_what, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    const error = thrown as InvalidInputError;
    expect(error.code).toBe('VALIDATION.FAILED');
    expect(error.kind).toBe('validation');
    expect(error.fields).toEqual([{ field: 'cursor', messages: ['cursor is not valid for this list'] }]);
    expect(error.message).toBe('Invalid input: cursor');
  });
});
