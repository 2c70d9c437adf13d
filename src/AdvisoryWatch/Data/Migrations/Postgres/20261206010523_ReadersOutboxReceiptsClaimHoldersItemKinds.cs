using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdvisoryWatch.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReadersOutboxReceiptsClaimHoldersItemKinds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "sources",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DiscoveredBaselineReader",
                table: "sources",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FallbackBaselineReader",
                table: "sources",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ItemKind",
                table: "sources",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrimaryBaselineReader",
                table: "sources",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PublishedAtUtc",
                table: "outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LinkKey",
                table: "advisories",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reader",
                table: "advisories",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TitleKey",
                table: "advisories",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "advisory_aliases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AdvisoryId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reader = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ItemKey = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    LinkKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TitleKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PublishedAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SeenAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_advisory_aliases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_advisory_aliases_advisories_AdvisoryId",
                        column: x => x.AdvisoryId,
                        principalTable: "advisories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox_receipt",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Consumer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_receipt", x => new { x.MessageId, x.Consumer });
                });

            migrationBuilder.CreateIndex(
                name: "IX_advisories_SourceId_LinkKey",
                table: "advisories",
                columns: new[] { "SourceId", "LinkKey" });

            migrationBuilder.CreateIndex(
                name: "IX_advisories_SourceId_TitleKey",
                table: "advisories",
                columns: new[] { "SourceId", "TitleKey" });

            migrationBuilder.CreateIndex(
                name: "IX_advisory_aliases_AdvisoryId",
                table: "advisory_aliases",
                column: "AdvisoryId");

            migrationBuilder.CreateIndex(
                name: "IX_advisory_aliases_SourceId_ItemKey_Reader",
                table: "advisory_aliases",
                columns: new[] { "SourceId", "ItemKey", "Reader" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_advisory_aliases_SourceId_LinkKey",
                table: "advisory_aliases",
                columns: new[] { "SourceId", "LinkKey" });

            migrationBuilder.CreateIndex(
                name: "IX_advisory_aliases_SourceId_TitleKey",
                table: "advisory_aliases",
                columns: new[] { "SourceId", "TitleKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "advisory_aliases");

            migrationBuilder.DropTable(
                name: "outbox_receipt");

            migrationBuilder.DropIndex(
                name: "IX_advisories_SourceId_LinkKey",
                table: "advisories");

            migrationBuilder.DropIndex(
                name: "IX_advisories_SourceId_TitleKey",
                table: "advisories");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "DiscoveredBaselineReader",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "FallbackBaselineReader",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "ItemKind",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "PrimaryBaselineReader",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "PublishedAtUtc",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "LinkKey",
                table: "advisories");

            migrationBuilder.DropColumn(
                name: "Reader",
                table: "advisories");

            migrationBuilder.DropColumn(
                name: "TitleKey",
                table: "advisories");
        }
    }
}
