package org.eucalyptus.clc.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database from before ids were lower case (schema V10, rows as 3.1-style ids left them) is
 * migrated: every stored id in lower case, launch permissions still on their image, and the
 * tags earlier releases left on deleted groups and deregistered images gone. On H2 and PostgreSQL.
 */
@IntegrationTest
class IdCaseMigrationTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void upperCaseIdsBecomeLowerCase(String kind) throws Exception {
    TestDatabases.TestDatabase tdb = TestDatabases.create(kind, tmp);
    DatabaseSettings s = tdb.settings();
    try {
      Flyway.configure().dataSource(s.jdbcUrl(), s.user(), s.password()).locations("classpath:db/migration")
          .target("10").load().migrate();
      try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
          Statement st = c.createStatement()) {
        st.execute("insert into accounts values ('000000000001', 'old', current_timestamp)");
        st.execute("insert into clusters values ('cluster01', '127.0.0.1', 8774, current_timestamp)");
        st.execute("insert into images (image_id, owner_account, name, location, image_type, architecture,"
            + " kernel_id, ramdisk_id, state, is_public, registered) values ('emi-0ABCDEF1', '000000000001', 'img',"
            + " 'b/m.xml', 'machine', 'x86_64', 'eki-0ABCDEF2', 'eri-0ABCDEF3', 'available', false, current_timestamp)");
        st.execute("insert into images (image_id, owner_account, name, location, image_type, architecture, state,"
            + " is_public, registered) values ('emi-0DEAD000', '000000000001', 'gone', 'b/g.xml', 'machine', 'x86_64',"
            + " 'deregistered', false, current_timestamp)");
        st.execute("insert into image_launch_permissions values ('emi-0ABCDEF1', '000000000002')");
        st.execute("insert into security_groups (group_id, account_number, name, description, created)"
            + " values ('sg-0abc0001', '000000000001', 'web', 'w', current_timestamp)");
        st.execute("insert into instances (instance_id, reservation_id, account_number, user_id, image_id, kernel_id,"
            + " vm_type, cluster, state, launch_index, mac_address, group_ids, launch_time, state_changed) values"
            + " ('i-0BAD0001', 'r-0BAD0000', '000000000001', 'u', 'emi-0ABCDEF1', 'eki-0ABCDEF2', 'm1.small',"
            + " 'cluster01', 'running', 0, 'D0:0D:0B:AD:00:01', 'sg-0abc0001', current_timestamp, current_timestamp)");
        st.execute("insert into addresses (public_ip, cluster, account_number, auto_assigned, instance_id, changed)"
            + " values ('198.51.100.1', 'cluster01', '000000000001', false, 'i-0BAD0001', current_timestamp)");
        for (String[] t : new String[][] {{"i-0BAD0001", "instance"}, {"emi-0ABCDEF1", "image"},
            {"sg-0abc0001", "security-group"}, {"sg-0dead000", "security-group"}, {"emi-0DEAD000", "image"}}) {
          st.execute("insert into tags values ('" + t[0] + "', 'k', 'v', '" + t[1] + "', '000000000001')");
        }
      }
      // The cloud controller's start migrates to the latest version.
      new Database(s, CloudController.ENTITIES).close();
      try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
          Statement st = c.createStatement()) {
        assertThat(rows(st, "select image_id, kernel_id, ramdisk_id from images where state = 'available'"))
            .containsExactly("emi-0abcdef1 eki-0abcdef2 eri-0abcdef3");
        assertThat(rows(st, "select image_id, account_number from image_launch_permissions"))
            .containsExactly("emi-0abcdef1 000000000002");
        assertThat(rows(st, "select instance_id, reservation_id, image_id, kernel_id, mac_address from instances"))
            .containsExactly("i-0bad0001 r-0bad0000 emi-0abcdef1 eki-0abcdef2 d0:0d:0b:ad:00:01");
        assertThat(rows(st, "select instance_id from addresses")).containsExactly("i-0bad0001");
        assertThat(rows(st, "select resource_id from tags order by resource_id"))
            .containsExactly("emi-0abcdef1", "i-0bad0001", "sg-0abc0001");
      }
    } finally {
      tdb.drop().run();
    }
  }

  private static List<String> rows(Statement st, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? " " : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }
}
