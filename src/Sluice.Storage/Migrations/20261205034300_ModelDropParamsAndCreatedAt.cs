using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sluice.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ModelDropParamsAndCreatedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CreatedAt",
                table: "models",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<bool>(
                name: "DropParams",
                table: "models",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Models stored before this migration take their account's creation time: the closest known date.
            migrationBuilder.Sql("UPDATE models SET CreatedAt = (SELECT p.CreatedAt FROM provider_accounts p WHERE p.Id = models.AccountId);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "models");

            migrationBuilder.DropColumn(
                name: "DropParams",
                table: "models");
        }
    }
}
