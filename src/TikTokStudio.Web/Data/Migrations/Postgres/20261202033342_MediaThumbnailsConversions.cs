using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MediaThumbnailsConversions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ConvertedFromId",
                table: "MediaFiles",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HasStrip",
                table: "MediaFiles",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "HasThumbnail",
                table: "MediaFiles",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "ThumbnailBytes",
                table: "MediaFiles",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "MediaConversions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceMediaId = table.Column<Guid>(type: "uuid", nullable: false),
                    ResultMediaId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Fit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TrimStartMs = table.Column<long>(type: "bigint", nullable: false),
                    MaxDurationSec = table.Column<int>(type: "integer", nullable: false),
                    Percent = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RequestedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: true),
                    HeartbeatAt = table.Column<long>(type: "bigint", nullable: true),
                    FinishedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MediaConversions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MediaConversions_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MediaConversions_SourceMediaId",
                table: "MediaConversions",
                column: "SourceMediaId");

            migrationBuilder.CreateIndex(
                name: "IX_MediaConversions_WorkspaceId",
                table: "MediaConversions",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_MediaConversions_WorkspaceId_Status_CreatedAt",
                table: "MediaConversions",
                columns: new[] { "WorkspaceId", "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MediaConversions");

            migrationBuilder.DropColumn(
                name: "ConvertedFromId",
                table: "MediaFiles");

            migrationBuilder.DropColumn(
                name: "HasStrip",
                table: "MediaFiles");

            migrationBuilder.DropColumn(
                name: "HasThumbnail",
                table: "MediaFiles");

            migrationBuilder.DropColumn(
                name: "ThumbnailBytes",
                table: "MediaFiles");
        }
    }
}
