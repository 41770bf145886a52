package org.eucalyptus.clc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One user's membership of one group. */
@Entity
@Table(name = "iam_group_members")
public class GroupMember {
  /** The (group, user) pair that is the row's key. */
  @Embeddable
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    @Column(name = "group_id", length = 32)
    private String groupId;

    @Column(name = "user_id", length = 32)
    private String userId;

    protected Key() {}

    public Key(String groupId, String userId) {
      this.groupId = groupId;
      this.userId = userId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.groupId.equals(groupId) && k.userId.equals(userId);
    }

    @Override
    public int hashCode() {
      return groupId.hashCode() * 31 + userId.hashCode();
    }
  }

  @EmbeddedId
  private Key key;

  protected GroupMember() {}

  public GroupMember(String groupId, String userId) {
    this.key = new Key(groupId, userId);
  }

  public String groupId() {
    return key.groupId;
  }

  public String userId() {
    return key.userId;
  }
}
