using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sluice.Storage.Migrations
{
    /// <inheritdoc />
    public partial class PricingScopesAndPrivateCost : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // usage_records.CostUsd (nullable) and PriceScope come with the UsageAnalytics migration.
            migrationBuilder.AddColumn<decimal>(
                name: "CostPerImage",
                table: "models",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "CostPerRequest",
                table: "models",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CostPerImage",
                table: "models");

            migrationBuilder.DropColumn(
                name: "CostPerRequest",
                table: "models");

        }
    }
}
