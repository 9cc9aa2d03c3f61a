import type { LocalizedName } from './role-definition.types';

/** An item of `agencies.json`. */
export interface AgencyDefinition {
  id: string;
  name: LocalizedName;
  shortName?: string;
  description?: Partial<LocalizedName>;
  services?: string[];
  disabled?: boolean;
}

/** An item of `user-groups.json`. */
export interface UserGroupDefinition {
  id: string;
  name: LocalizedName;
  description?: Partial<LocalizedName>;
  agencyIds: string[];
  disabled?: boolean;
}

/** An item of `demo-users.json`: an account without credentials (the seeder sets the documented demo password). */
export interface UserAccountDefinition {
  username: string;
  fullName: string;
  email?: string;
  position?: string;
  roleId: string;
  agencyId: string;
  groupIds: string[];
  locationCode: string | null;
  locale: string;
  disabled?: boolean;
}
