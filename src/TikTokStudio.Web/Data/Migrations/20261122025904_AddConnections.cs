using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddConnections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConnectAttempt",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    StateHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProtectedCodeVerifier = table.Column<string>(type: "TEXT", nullable: false),
                    RedirectUri = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConnectAttempt", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TikTokAccounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    Username = table.Column<string>(type: "TEXT", nullable: true),
                    AvatarUrl = table.Column<string>(type: "TEXT", nullable: true),
                    IsVerified = table.Column<bool>(type: "INTEGER", nullable: false),
                    BioDescription = table.Column<string>(type: "TEXT", nullable: true),
                    ProfileDeepLink = table.Column<string>(type: "TEXT", nullable: true),
                    FollowerCount = table.Column<long>(type: "INTEGER", nullable: true),
                    FollowingCount = table.Column<long>(type: "INTEGER", nullable: true),
                    LikesCount = table.Column<long>(type: "INTEGER", nullable: true),
                    VideoCount = table.Column<long>(type: "INTEGER", nullable: true),
                    GrantedScopes = table.Column<string>(type: "TEXT", nullable: false),
                    ProtectedAccessToken = table.Column<string>(type: "TEXT", nullable: true),
                    ProtectedRefreshToken = table.Column<string>(type: "TEXT", nullable: true),
                    AccessTokenExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RefreshTokenExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRefreshedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ConsecutiveRefreshFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    TokenVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatorNickname = table.Column<string>(type: "TEXT", nullable: true),
                    PrivacyLevelOptions = table.Column<string>(type: "TEXT", nullable: false),
                    CommentDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    DuetDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    StitchDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    MaxVideoPostDurationSec = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatorInfoCheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PreferDrafts = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Health = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    HealthReason = table.Column<string>(type: "TEXT", nullable: true),
                    ConnectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConnectedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    DisconnectedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TikTokAccounts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConnectAttempt_StateHash",
                table: "ConnectAttempt",
                column: "StateHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConnectAttempt_WorkspaceId",
                table: "ConnectAttempt",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_TikTokAccounts_WorkspaceId",
                table: "TikTokAccounts",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_TikTokAccounts_WorkspaceId_OpenId",
                table: "TikTokAccounts",
                columns: new[] { "WorkspaceId", "OpenId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConnectAttempt");

            migrationBuilder.DropTable(
                name: "TikTokAccounts");
        }
    }
}
