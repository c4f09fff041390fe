using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddPosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Post",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompositionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    VideoMediaId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PhotoMediaIds = table.Column<string>(type: "TEXT", nullable: false),
                    PhotoCoverIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 2200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PrivacyLevel = table.Column<string>(type: "TEXT", nullable: true),
                    AllowComment = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowDuet = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowStitch = table.Column<bool>(type: "INTEGER", nullable: false),
                    DisclosureEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    YourBrand = table.Column<bool>(type: "INTEGER", nullable: false),
                    BrandedContent = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsAiGenerated = table.Column<bool>(type: "INTEGER", nullable: false),
                    AutoAddMusic = table.Column<bool>(type: "INTEGER", nullable: false),
                    VideoCoverTimestampMs = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PublishAt = table.Column<long>(type: "INTEGER", nullable: true),
                    InitRequestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishId = table.Column<string>(type: "TEXT", nullable: true),
                    UploadUrl = table.Column<string>(type: "TEXT", nullable: true),
                    UploadUrlExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UploadedBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadCompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublicPostId = table.Column<string>(type: "TEXT", nullable: true),
                    PublicUrl = table.Column<string>(type: "TEXT", nullable: true),
                    FailCode = table.Column<string>(type: "TEXT", nullable: true),
                    FailMessage = table.Column<string>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Post", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PostEvent",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostEvent", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Post_AccountId",
                table: "Post",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Post_CompositionId",
                table: "Post",
                column: "CompositionId");

            migrationBuilder.CreateIndex(
                name: "IX_Post_Status_PublishAt",
                table: "Post",
                columns: new[] { "Status", "PublishAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Post_WorkspaceId",
                table: "Post",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_Post_WorkspaceId_PublishAt",
                table: "Post",
                columns: new[] { "WorkspaceId", "PublishAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PostEvent_PostId_At",
                table: "PostEvent",
                columns: new[] { "PostId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PostEvent_WorkspaceId",
                table: "PostEvent",
                column: "WorkspaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Post");

            migrationBuilder.DropTable(
                name: "PostEvent");
        }
    }
}
