package io.foresight.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The series of a many-series (long-format) dataset: one regular {@link TimeSeries} per id, all on the dataset's
 * frequency and with the same numeric columns. A series' id is its id columns' values joined with {@code /} in the
 * order of {@code idColumns} ({@code 7/3} for {@code store=7, item=3}).
 *
 * @param idColumns the id columns, in the upload's order
 * @param series    one per id, ordered by id
 */
public record Panel(List<String> idColumns, List<Member> series) {

    /** One series of the panel. */
    public record Member(String id, TimeSeries data) {
        public Member {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(data, "data");
        }
    }

    public Panel {
        idColumns = List.copyOf(idColumns);
        series = List.copyOf(series);
    }

    public int size() {
        return series.size();
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>(series.size());
        series.forEach(m -> ids.add(m.id()));
        return ids;
    }

    /** The series with this id. */
    public Optional<TimeSeries> find(String id) {
        return series.stream().filter(m -> m.id().equals(id)).map(Member::data).findFirst();
    }

    /** A copy whose column arrays can be changed without affecting this panel. */
    Panel deepCopy() {
        List<Member> copies = new ArrayList<>(series.size());
        for (Member member : series) {
            copies.add(new Member(member.id(), member.data().deepCopy()));
        }
        return new Panel(idColumns, copies);
    }

    /** Ids to positions, for callers that look many up. */
    public Map<String, Integer> positions() {
        Map<String, Integer> positions = new HashMap<>(series.size() * 2);
        for (int i = 0; i < series.size(); i++) {
            positions.put(series.get(i).id(), i);
        }
        return positions;
    }
}
