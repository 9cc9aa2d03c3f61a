import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tutela:public';

/** Marks a route (or controller) as reachable without a token. Everything else is denied by default. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
