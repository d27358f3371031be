/*
 * Cellport registry tables: image groups and repositories, their members, personal access tokens,
 * robot accounts, activity, tag pushes and processed registry notification ids.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('registry_groups', table => {
    table.comment('Image groups: registry namespaces');
    table.string('name', 64).primary();
    table.string('visibility', 16).notNullable().defaultTo('private');
    table.text('description').notNullable().defaultTo('');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('registry_repositories', table => {
    table.comment('Image repositories group/name');
    table.string('name', 255).primary();
    table.string('group_name', 64).notNullable();
    table.string('visibility', 16).nullable().comment('null: inherit the group visibility');
    table.text('description').notNullable().defaultTo('');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.bigInteger('pull_count').notNullable().defaultTo(0);
    table.index(['group_name'], 'registry_repositories_group_idx');
  });
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
  await knex.schema.createTable('registry_tokens', table => {
    table.comment('Personal access tokens (hashed)');
    table.string('id', 64).primary();
    table.string('user_ref', 255).notNullable();
    table.string('name', 100).notNullable();
    table.string('token_hash', 128).notNullable().unique();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('last_used_at', { useTz: true }).nullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.index(['user_ref'], 'registry_tokens_user_idx');
  });
  await knex.schema.createTable('registry_robots', table => {
    table.comment('Robot accounts per image group (hashed secrets)');
    table.string('group_name', 64).notNullable();
    table.string('name', 64).notNullable();
    table.string('secret_hash', 128).notNullable();
    table.text('scopes').notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['group_name', 'name']);
  });
  await knex.schema.createTable('registry_activity', table => {
    table.comment('Activity of image groups and repositories');
    table.bigIncrements('id').primary();
    table.string('group_name', 64).notNullable();
    table.string('repository', 255).nullable();
    table.string('action', 64).notNullable();
    table.string('actor', 255).notNullable();
    table.text('details').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['group_name', 'id'], 'registry_activity_group_idx');
    table.index(['repository', 'id'], 'registry_activity_repo_idx');
  });
  await knex.schema.createTable('registry_tag_pushes', table => {
    table.comment('Last push of each tag, from the registry notifications');
    table.string('repository', 255).notNullable();
    table.string('tag', 128).notNullable();
    table.string('digest', 100).notNullable();
    table.string('pusher', 255).notNullable();
    table.timestamp('pushed_at', { useTz: true }).notNullable();
    table.primary(['repository', 'tag']);
  });
  await knex.schema.createTable('registry_events', table => {
    table.comment('Registry notification event ids already processed (retries are deduplicated)');
    table.string('id', 100).primary();
    table.timestamp('received_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const t of [
    'registry_events',
    'registry_tag_pushes',
    'registry_activity',
    'registry_robots',
    'registry_tokens',
    'registry_members',
    'registry_repositories',
    'registry_groups',
  ]) {
    await knex.schema.dropTableIfExists(t);
  }
};
