import { SetMetadata } from '@nestjs/common';
import { ApiScope } from './api-key';

export const SCOPE_KEY = 'auth:scope';
export const PUBLIC_KEY = 'auth:public';

/** The scope a route needs; routes without it need `admin`. */
export const RequireScope = (scope: ApiScope) => SetMetadata(SCOPE_KEY, scope);

/** A route open without a key (health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
