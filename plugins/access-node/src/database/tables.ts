/** Table names of the access library; prefixed so they sit beside a plugin's own tables. */
export const TABLES = {
  resources: 'cellport_access_resources',
  members: 'cellport_access_members',
  activity: 'cellport_access_activity',
} as const;

/** A row of the resources table. */
export type ResourceRow = {
  kind: string;
  name: string;
  parent_kind: string | null;
  parent_name: string | null;
  visibility: string;
  created_by: string | null;
  created_at: Date | string | number;
};

/** A row of the members table. */
export type MemberRow = {
  kind: string;
  name: string;
  member_ref: string;
  role: string;
  added_by: string | null;
  created_at: Date | string | number;
  updated_at: Date | string | number;
};

/** A row of the activity table. */
export type ActivityRow = {
  id: number | string;
  kind: string;
  name: string;
  action: string;
  actor: string;
  details: string;
  created_at: Date | string | number;
};

/** Timestamps come back as Date (PostgreSQL), number or string (SQLite): always ISO 8601 out. */
export function toIso(value: Date | string | number): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number') {
    return new Date(value).toISOString();
  }
  const parsed = new Date(/^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toISOString();
}
