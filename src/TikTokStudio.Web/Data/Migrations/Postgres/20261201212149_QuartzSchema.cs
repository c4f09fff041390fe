using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations.Postgres
{
    /// <summary>
    /// Quartz's own tables on the app's database (clustered scheduler, architecture §9), created here so they are made
    /// under EF's migration lock: two instances starting together would otherwise race Quartz's own provisioning.
    /// The DDL is Quartz's (embedded in Quartz.dll, CREATE ... IF NOT EXISTS), with its default table prefix.
    /// </summary>
    public partial class QuartzSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in QuartzPostgresSchema.Statements()) migrationBuilder.Sql(statement);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
