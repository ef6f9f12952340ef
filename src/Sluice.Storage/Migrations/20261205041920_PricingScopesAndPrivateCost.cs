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
            migrationBuilder.AlterColumn<decimal>(
                name: "CostUsd",
                table: "usage_records",
                type: "TEXT",
                precision: 18,
                scale: 9,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "TEXT",
                oldPrecision: 18,
                oldScale: 9);

            migrationBuilder.AddColumn<string>(
                name: "PriceScope",
                table: "usage_records",
                type: "TEXT",
                nullable: true);

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
                name: "PriceScope",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "CostPerImage",
                table: "models");

            migrationBuilder.DropColumn(
                name: "CostPerRequest",
                table: "models");

            migrationBuilder.AlterColumn<decimal>(
                name: "CostUsd",
                table: "usage_records",
                type: "TEXT",
                precision: 18,
                scale: 9,
                nullable: false,
                defaultValue: 0m,
                oldClrType: typeof(decimal),
                oldType: "TEXT",
                oldPrecision: 18,
                oldScale: 9,
                oldNullable: true);
        }
    }
}
