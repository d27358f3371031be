/*
 * Robots made on a user's behalf remember that user (their grants are re-checked against the
 * user's own rights at every token request), and every manifest pushed to a repository is
 * remembered by digest, so that deleting the repository deletes every manifest, not only the
 * tagged ones.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('registry_robots', table => {
    table
      .string('on_behalf_of', 255)
      .nullable()
      .comment('The user whose pull rights bound the robot (robots made by a service for a user)');
  });
  await knex.schema.createTable('registry_manifests', table => {
    table.comment('Every manifest digest pushed to a repository (from the registry notifications)');
    table.string('repository', 255).notNullable();
    table.string('digest', 128).notNullable();
    table.timestamp('pushed_at', { useTz: true }).notNullable();
    table.primary(['repository', 'digest']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('registry_manifests');
  await knex.schema.alterTable('registry_robots', table => {
    table.dropColumn('on_behalf_of');
  });
};
