using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TikTokStudio.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BillingPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProcessedStripeEvent",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ReceivedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessedStripeEvent", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkspaceBilling",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    StripeCustomerId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    StripeSubscriptionId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    PlanId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Interval = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CurrentPeriodEnd = table.Column<long>(type: "bigint", nullable: true),
                    CancelAtPeriodEnd = table.Column<bool>(type: "boolean", nullable: false),
                    PastDueSince = table.Column<long>(type: "bigint", nullable: true),
                    TrialReminderSentAt = table.Column<long>(type: "bigint", nullable: true),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkspaceBilling", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkspaceBilling_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceBilling_StripeCustomerId",
                table: "WorkspaceBilling",
                column: "StripeCustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceBilling_StripeSubscriptionId",
                table: "WorkspaceBilling",
                column: "StripeSubscriptionId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceBilling_WorkspaceId",
                table: "WorkspaceBilling",
                column: "WorkspaceId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProcessedStripeEvent");

            migrationBuilder.DropTable(
                name: "WorkspaceBilling");
        }
    }
}
