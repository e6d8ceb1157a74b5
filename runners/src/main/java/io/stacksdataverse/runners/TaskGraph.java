package io.stacksdataverse.runners;

import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The tasks of an installation and their upstream edges, checked once: ids unique and well
 * formed, every upstream known and of the same schedule group, no cycle.
 */
public final class TaskGraph {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private final Map<String, Task> byId;

    public TaskGraph(Collection<? extends Task> tasks) {
        Map<String, Task> map = new TreeMap<>();
        for (Task t : tasks) {
            if (!ID.matcher(t.id()).matches()) {
                throw new IllegalStateException("task id '" + t.id() + "' of " + t.getClass().getName()
                        + " must be lowercase letters, digits and underscores");
            }
            if (map.put(t.id(), t) != null) {
                throw new IllegalStateException("two tasks have the id '" + t.id() + "'");
            }
        }
        for (Task t : map.values()) {
            for (String up : t.upstream()) {
                Task u = map.get(up);
                if (u == null) {
                    throw new IllegalStateException("task " + t.id() + " names an unknown upstream task '" + up + "'");
                }
                if (u.group() != t.group()) {
                    throw new IllegalStateException("task " + t.id() + " (" + t.group().cliName() + ") cannot depend on "
                            + up + " (" + u.group().cliName() + "): hand-overs stay within a schedule group");
                }
            }
        }
        this.byId = Map.copyOf(map);
        order(map.keySet());
    }

    public Task task(String id) {
        Task t = byId.get(id);
        if (t == null) {
            throw new IllegalArgumentException("unknown task '" + id + "'; known: " + new TreeMap<>(byId).keySet());
        }
        return t;
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** All tasks by id, ascending. */
    public List<Task> all() {
        return new ArrayList<>(new TreeMap<>(byId).values());
    }

    public List<Task> group(ScheduleGroup group) {
        return order(all().stream().filter(t -> t.group() == group).map(Task::id).toList());
    }

    /** The tasks that name {@code id} as upstream. */
    public List<Task> downstream(String id) {
        return all().stream().filter(t -> t.upstream().contains(id)).toList();
    }

    /** {@code id} and, transitively, its upstream tasks, in dependency order. */
    public List<Task> withUpstream(String id) {
        Set<String> closure = new LinkedHashSet<>();
        collect(task(id), closure);
        return order(closure);
    }

    private void collect(Task t, Set<String> into) {
        if (into.add(t.id())) {
            for (String up : t.upstream()) {
                collect(task(up), into);
            }
        }
    }

    /** The given tasks in dependency order (upstream first; ties by id); fails on a cycle. */
    public List<Task> order(Collection<String> ids) {
        Map<String, Task> pending = new TreeMap<>();
        ids.forEach(id -> pending.put(id, task(id)));
        List<Task> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            Task next = null;
            for (Task t : pending.values()) {
                if (t.upstream().stream().noneMatch(pending::containsKey)) {
                    next = t;
                    break;
                }
            }
            if (next == null) {
                throw new IllegalStateException("the upstream edges of " + pending.keySet() + " form a cycle");
            }
            pending.remove(next.id());
            done.add(next.id());
            ordered.add(next);
        }
        return ordered;
    }

    /** A map from id to task, in dependency order. */
    public Map<String, Task> asOrderedMap(Collection<String> ids) {
        Map<String, Task> m = new LinkedHashMap<>();
        order(ids).forEach(t -> m.put(t.id(), t));
        return m;
    }
}
