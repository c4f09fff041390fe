using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CalendarCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Post_WorkspaceId_PublishAt",
                table: "Post");

            migrationBuilder.CreateIndex(
                name: "IX_Post_WorkspaceId_PublishAt_AccountId_Status_Id",
                table: "Post",
                columns: new[] { "WorkspaceId", "PublishAt", "AccountId", "Status", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Post_WorkspaceId_PublishAt_AccountId_Status_Id",
                table: "Post");

            migrationBuilder.CreateIndex(
                name: "IX_Post_WorkspaceId_PublishAt",
                table: "Post",
                columns: new[] { "WorkspaceId", "PublishAt" });
        }
    }
}
