using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NotificationsSeenPublishInitsRenewalInFlight : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastRenewalAttemptAt",
                table: "TikTokAccounts",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RenewalInFlightSince",
                table: "TikTokAccounts",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NotificationsSeenAt",
                table: "Memberships",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PublishInits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    OpenId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Direct = table.Column<bool>(type: "boolean", nullable: false),
                    PublishId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Refused = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublishInits", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PublishInits_OpenId_At",
                table: "PublishInits",
                columns: new[] { "OpenId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PublishInits_PostId",
                table: "PublishInits",
                column: "PostId");

            migrationBuilder.CreateIndex(
                name: "IX_PublishInits_WorkspaceId",
                table: "PublishInits",
                column: "WorkspaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PublishInits");

            migrationBuilder.DropColumn(
                name: "LastRenewalAttemptAt",
                table: "TikTokAccounts");

            migrationBuilder.DropColumn(
                name: "RenewalInFlightSince",
                table: "TikTokAccounts");

            migrationBuilder.DropColumn(
                name: "NotificationsSeenAt",
                table: "Memberships");
        }
    }
}
