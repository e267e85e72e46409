import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { hashApiKey } from './api-key';
import { ApiKeyGuard, AuthenticatedRequest } from './api-key.guard';
import { ApiKeyRegistry } from './api-key.registry';
import { InsufficientScopeError, MissingApiKeyError } from './auth.errors';
import { Public, RequireScope } from './scopes.decorator';

const KEYS = { reader: 'reader-key-0000000000000001', analyst: 'analyst-key-00000000000002', admin: 'admin-key-000000000000003' };

class Routes {
  @Public() health(): void {}
  @RequireScope('read') read(): void {}
  @RequireScope('write') write(): void {}
  @RequireScope('analyst') analyst(): void {}
  unscoped(): void {}
}

@RequireScope('analyst')
class AnalystRoutes {
  inherited(): void {}
  @RequireScope('read') overridden(): void {}
}

type Handler = (...args: unknown[]) => unknown;

/** A request double with the one method the guard reads (`header`). */
function requestWith(key?: string): AuthenticatedRequest {
  return { header: (name: string) => (name.toLowerCase() === 'x-api-key' ? key : undefined) } as unknown as AuthenticatedRequest;
}

function contextOf(controller: new () => object, handler: Handler, request: AuthenticatedRequest): ExecutionContextHost {
  const context = new ExecutionContextHost([request, {}, () => undefined], controller, handler);
  context.setType('http');
  return context;
}

describe('ApiKeyGuard', () => {
  const registry = new ApiKeyRegistry({
    stage: 'test',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'error',
    corsOrigins: [],
    apiKeys: [
      { name: 'reader', sha256: hashApiKey(KEYS.reader), scopes: ['read'] },
      { name: 'analyst', sha256: hashApiKey(KEYS.analyst), scopes: ['read', 'analyst'] },
      { name: 'admin', sha256: hashApiKey(KEYS.admin), scopes: ['admin'] },
    ],
  });
  const guard = new ApiKeyGuard(new Reflector(), registry);
  const routes = Routes.prototype;
  const check = (handler: Handler, key?: string, controller: new () => object = Routes) => guard.canActivate(contextOf(controller, handler, requestWith(key)));

  it('lets a public route through without a key', () => {
    expect(check(routes.health)).toBe(true);
    expect(check(routes.health, 'not-a-key')).toBe(true);
  });

  it.each([
    ['no key', undefined],
    ['an empty key', ''],
    ['an unknown key', 'unknown-key-000000000000000'],
    ['a key differing in case', KEYS.reader.toUpperCase()],
  ])('rejects %s with MissingApiKeyError (401)', (_what, key) => {
    expect(() => check(routes.read, key)).toThrow(MissingApiKeyError);
  });

  it('rejects a known key without the route scope with InsufficientScopeError naming the scope', () => {
    expect(() => check(routes.write, KEYS.reader)).toThrow(InsufficientScopeError);
    expect(() => check(routes.write, KEYS.analyst)).toThrow("This API key lacks the 'write' scope");
    expect(() => check(routes.analyst, KEYS.reader)).toThrow(InsufficientScopeError);
  });

  it('accepts a key holding the scope and attaches its record (never the key) to the request', () => {
    const request = requestWith(KEYS.analyst);
    expect(guard.canActivate(contextOf(Routes, routes.analyst, request))).toBe(true);
    expect(request.apiKey).toEqual({ name: 'analyst', sha256: hashApiKey(KEYS.analyst), scopes: ['read', 'analyst'] });
    expect(JSON.stringify(request.apiKey)).not.toContain(KEYS.analyst);
  });

  it('lets admin keys use every scope', () => {
    for (const handler of [routes.read, routes.write, routes.analyst, routes.unscoped]) expect(check(handler, KEYS.admin)).toBe(true);
  });

  it('asks for admin on a route without a scope', () => {
    expect(() => check(routes.unscoped, KEYS.analyst)).toThrow("This API key lacks the 'admin' scope");
  });

  it('takes the controller scope unless the handler declares its own', () => {
    const analystRoutes = AnalystRoutes.prototype;
    expect(() => check(analystRoutes.inherited, KEYS.reader, AnalystRoutes)).toThrow(InsufficientScopeError);
    expect(check(analystRoutes.inherited, KEYS.analyst, AnalystRoutes)).toBe(true);
    expect(check(analystRoutes.overridden, KEYS.reader, AnalystRoutes)).toBe(true);
  });

  it('accepts the development key with every scope', () => {
    const dev = new ApiKeyRegistry({ stage: 'test', host: '127.0.0.1', port: 0, logLevel: 'error', corsOrigins: [], apiKeys: [], devApiKey: 'development-key-0000000001' });
    const devGuard = new ApiKeyGuard(new Reflector(), dev);
    expect(devGuard.canActivate(contextOf(Routes, routes.write, requestWith('development-key-0000000001')))).toBe(true);
    expect(() => devGuard.canActivate(contextOf(Routes, routes.write, requestWith(KEYS.admin)))).toThrow(MissingApiKeyError);
  });
});
