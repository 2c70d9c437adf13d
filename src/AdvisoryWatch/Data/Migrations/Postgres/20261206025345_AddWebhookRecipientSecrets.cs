using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdvisoryWatch.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddWebhookRecipientSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Secret",
                table: "recipients",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Secret",
                table: "recipients");
        }
    }
}
