using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PublishInits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PublishInits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Direct = table.Column<bool>(type: "INTEGER", nullable: false),
                    PublishId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Refused = table.Column<bool>(type: "INTEGER", nullable: false)
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
        }
    }
}
