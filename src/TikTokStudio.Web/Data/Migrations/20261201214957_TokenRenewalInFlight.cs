using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TokenRenewalInFlight : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastRenewalAttemptAt",
                table: "TikTokAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RenewalInFlightSince",
                table: "TikTokAccounts",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastRenewalAttemptAt",
                table: "TikTokAccounts");

            migrationBuilder.DropColumn(
                name: "RenewalInFlightSince",
                table: "TikTokAccounts");
        }
    }
}
