import { SetMetadata } from '@nestjs/common';
import { Permission } from './access';

export const PERMISSION_KEY = 'tanzim:permission';
export const PUBLIC = 'Public';

/**
 * Declares what a query or mutation needs. The global AuthGuard refuses any operation that declares
 * nothing, so a new operation is closed until someone decides who may call it.
 *
 * @example @Allow(Permission.Read) @Query(() => OrgUnitModel) orgUnit(...)
 */
export const Allow = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** For the few operations that must work without credentials (login, refreshing a session). */
export const Public = () => SetMetadata(PERMISSION_KEY, PUBLIC);
