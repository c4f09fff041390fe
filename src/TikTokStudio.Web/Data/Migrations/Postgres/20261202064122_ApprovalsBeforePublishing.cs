using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApprovalsBeforePublishing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing workspaces start with approvals off (the enum is stored by name).
            migrationBuilder.AddColumn<string>(
                name: "Approvals",
                table: "Workspaces",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Off");

            migrationBuilder.AddColumn<string>(
                name: "ApprovalHash",
                table: "Post",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ApprovedAt",
                table: "Post",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovedByUserId",
                table: "Post",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SubmittedAt",
                table: "Post",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedByUserId",
                table: "Post",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Approvals",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "ApprovalHash",
                table: "Post");

            migrationBuilder.DropColumn(
                name: "ApprovedAt",
                table: "Post");

            migrationBuilder.DropColumn(
                name: "ApprovedByUserId",
                table: "Post");

            migrationBuilder.DropColumn(
                name: "SubmittedAt",
                table: "Post");

            migrationBuilder.DropColumn(
                name: "SubmittedByUserId",
                table: "Post");
        }
    }
}
