import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyRecord, ApiScope, hasScope } from './api-key';
import { ApiKeyRegistry } from './api-key.registry';
import { InsufficientScopeError, MissingApiKeyError } from './auth.errors';
import { PUBLIC_KEY, SCOPE_KEY } from './scopes.decorator';

/** Request after authentication: the key record (never the key itself). */
export interface AuthenticatedRequest extends Request {
  apiKey?: ApiKeyRecord;
}

/** Global guard: `x-api-key` must match a configured key holding the route's scope. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ApiKeyRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const required = this.reflector.getAllAndOverride<ApiScope>(SCOPE_KEY, targets) ?? 'admin';
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = request.header('x-api-key');
    const record = presented ? this.registry.find(presented) : undefined;
    if (!record) throw new MissingApiKeyError();
    if (!hasScope(record.scopes, required)) throw new InsufficientScopeError(required);
    request.apiKey = record;
    return true;
  }
}
