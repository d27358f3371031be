/*
 * Cellport access tables. Prefixed `cellport_access_` and tracked in their own migrations table
 * (`cellport_access_knex_migrations`), so they live next to any plugin's own tables in that
 * plugin's database.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cellport_access_resources', table => {
    table.comment(
      'Resources that have members: apps, image groups, image repositories, build configs',
    );
    table
      .string('kind', 64)
      .notNullable()
      .comment('app, image-group, image-repository, build-config');
    table
      .string('name', 255)
      .notNullable()
      .comment('Resource name, unique per kind');
    table
      .string('parent_kind', 64)
      .nullable()
      .comment('Kind of the resource whose members also apply');
    table
      .string('parent_name', 255)
      .nullable()
      .comment('Name of the resource whose members also apply');
    table
      .string('visibility', 16)
      .notNullable()
      .defaultTo('private')
      .comment('private or public');
    table
      .string('created_by', 255)
      .nullable()
      .comment('Entity ref of the creator');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['kind', 'name']);
    table.index(
      ['parent_kind', 'parent_name'],
      'cellport_access_resources_parent_idx',
    );
  });
  await knex.schema.createTable('cellport_access_members', table => {
    table.comment('Members of resources, with their role');
    table.string('kind', 64).notNullable();
    table.string('name', 255).notNullable();
    table
      .string('member_ref', 255)
      .notNullable()
      .comment('Catalog User or Group entity ref, lowercase');
    table
      .string('role', 16)
      .notNullable()
      .comment('owner, master, developer, reporter, guest');
    table.string('added_by', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['kind', 'name', 'member_ref']);
    table.index(['member_ref'], 'cellport_access_members_member_idx');
  });
  await knex.schema.createTable('cellport_access_activity', table => {
    table.comment(
      'Activity feed of resources: member, visibility and ownership changes and plugin events',
    );
    table.bigIncrements('id').primary();
    table.string('kind', 64).notNullable();
    table.string('name', 255).notNullable();
    table.string('action', 64).notNullable();
    table.string('actor', 255).notNullable();
    table.text('details').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(
      ['kind', 'name', 'id'],
      'cellport_access_activity_resource_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cellport_access_activity');
  await knex.schema.dropTable('cellport_access_members');
  await knex.schema.dropTable('cellport_access_resources');
};
