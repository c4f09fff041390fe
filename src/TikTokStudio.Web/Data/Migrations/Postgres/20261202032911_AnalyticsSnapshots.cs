using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AnalyticsSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccountAnalyticsStatus",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    MissingScopes = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LastAccountSnapshotAt = table.Column<long>(type: "bigint", nullable: true),
                    LastPostsSnapshotAt = table.Column<long>(type: "bigint", nullable: true),
                    LastProblem = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    LastProblemAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountAnalyticsStatus", x => x.AccountId);
                });

            migrationBuilder.CreateTable(
                name: "AccountSnapshot",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Followers = table.Column<long>(type: "bigint", nullable: false),
                    Following = table.Column<long>(type: "bigint", nullable: false),
                    Likes = table.Column<long>(type: "bigint", nullable: false),
                    Videos = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountSnapshot", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PostSnapshot",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    VideoId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Views = table.Column<long>(type: "bigint", nullable: false),
                    Likes = table.Column<long>(type: "bigint", nullable: false),
                    Comments = table.Column<long>(type: "bigint", nullable: false),
                    Shares = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostSnapshot", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountAnalyticsStatus_WorkspaceId",
                table: "AccountAnalyticsStatus",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_AccountSnapshot_AccountId_At",
                table: "AccountSnapshot",
                columns: new[] { "AccountId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AccountSnapshot_WorkspaceId",
                table: "AccountSnapshot",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_PostSnapshot_AccountId_At",
                table: "PostSnapshot",
                columns: new[] { "AccountId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PostSnapshot_PostId_At",
                table: "PostSnapshot",
                columns: new[] { "PostId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PostSnapshot_WorkspaceId",
                table: "PostSnapshot",
                column: "WorkspaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountAnalyticsStatus");

            migrationBuilder.DropTable(
                name: "AccountSnapshot");

            migrationBuilder.DropTable(
                name: "PostSnapshot");
        }
    }
}
