import { AgencyEntity } from './agency.entity';
import { ConfigDocumentEntity } from './config-document.entity';
import { UserGroupEntity } from './user-group.entity';
import { UserEntity } from './user.entity';

export { AgencyEntity, ConfigDocumentEntity, UserEntity, UserGroupEntity };

/** Every TypeORM entity, registered explicitly. Hot paths (cases, lists) use SQL through `Database`; entities serve CRUD. */
export const ENTITIES = [AgencyEntity, UserGroupEntity, UserEntity, ConfigDocumentEntity];
