using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddCreatorCannotPostReason : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreatorCannotPostReason",
                table: "TikTokAccounts",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatorCannotPostReason",
                table: "TikTokAccounts");
        }
    }
}
