/*
 * Members of image groups and repositories move to the Cellport access library
 * (`cellport_access_*` tables in the same database, migrated by AccessService.create before the
 * registry's own migrations): existing groups, repositories and members are copied there, then
 * the registry's own `registry_members` table is dropped.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const hasAccess =
    (await knex.schema.hasTable('cellport_access_resources')) &&
    (await knex.schema.hasTable('cellport_access_members'));
  if (hasAccess) {
    const now = new Date();
    const groups = await knex('registry_groups').select('*');
    const repos = await knex('registry_repositories').select('*');
    const groupVisibility = new Map(groups.map(g => [g.name, g.visibility]));
    const resources = [
      ...groups.map(g => ({
        kind: 'image-group',
        name: g.name,
        parent_kind: null,
        parent_name: null,
        visibility: g.visibility === 'public' ? 'public' : 'private',
        created_by: g.created_by,
        created_at: g.created_at ?? now,
      })),
      ...repos.map(r => ({
        kind: 'image-repository',
        name: r.name,
        parent_kind: 'image-group',
        parent_name: r.group_name,
        visibility:
          (r.visibility ?? groupVisibility.get(r.group_name)) === 'public'
            ? 'public'
            : 'private',
        created_by: r.created_by,
        created_at: r.created_at ?? now,
      })),
    ];
    for (const resource of resources) {
      const existing = await knex('cellport_access_resources')
        .where({ kind: resource.kind, name: resource.name })
        .first();
      if (!existing) {
        await knex('cellport_access_resources').insert(resource);
      }
    }
    const members = await knex('registry_members').select('*');
    for (const m of members) {
      const existing = await knex('cellport_access_members')
        .where({ kind: m.kind, name: m.name, member_ref: m.member_ref })
        .first();
      if (!existing) {
        await knex('cellport_access_members').insert({
          kind: m.kind,
          name: m.name,
          member_ref: String(m.member_ref).toLowerCase(),
          role: m.role,
          added_by: m.added_by,
          created_at: m.created_at ?? now,
          updated_at: m.created_at ?? now,
        });
      }
    }
  }
  await knex.schema.dropTable('registry_members');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.createTable('registry_members', table => {
    table.comment('Members of image groups and repositories');
    table.string('kind', 32).notNullable().comment('image-group or image-repository');
    table.string('name', 255).notNullable();
    table.string('member_ref', 255).notNullable();
    table.string('role', 16).notNullable();
    table.string('added_by', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['kind', 'name', 'member_ref']);
    table.index(['member_ref'], 'registry_members_member_idx');
  });
};
