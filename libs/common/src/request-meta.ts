/** Where a request came from, for the audit log. Never contains personal data of the people in the cases. */
export interface RequestMeta {
  ip?: string;
  correlationId?: string;
}
