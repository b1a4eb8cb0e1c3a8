import CZMQ

/// `zmq_poll` over sockets and plain file descriptors (wake-up pipes).
///
/// The only way our threads wait: every blocking wait has a timeout, so
/// loops notice shutdown and heartbeat deadlines.
public struct Poller: ~Copyable {
    private var items: UnsafeMutablePointer<zmq_pollitem_t>
    private var count = 0
    private let capacity: Int

    public init(capacity: Int = 8) {
        self.capacity = capacity
        items = .allocate(capacity: capacity)
    }

    deinit { items.deallocate() }

    /// Registers a socket for readability; returns its index.
    @discardableResult
    public mutating func add(_ socket: Socket, readable: Bool = true, writable: Bool = false) -> Int {
        precondition(count < capacity, "poller capacity exceeded")
        var events: Int16 = 0
        if readable { events |= Int16(ZMQ_POLLIN) }
        if writable { events |= Int16(ZMQ_POLLOUT) }
        items[count] = zmq_pollitem_t(socket: socket.handle, fd: 0, events: events, revents: 0)
        count += 1
        return count - 1
    }

    /// Registers a file descriptor (a pipe or eventfd) for readability.
    @discardableResult
    public mutating func add(fileDescriptor fd: Int32) -> Int {
        precondition(count < capacity, "poller capacity exceeded")
        items[count] = zmq_pollitem_t(socket: nil, fd: fd, events: Int16(ZMQ_POLLIN), revents: 0)
        count += 1
        return count - 1
    }

    /// Waits up to `timeoutMs` (-1 forever); returns how many items are ready.
    /// EINTR counts as "nothing ready".
    @discardableResult
    public mutating func poll(timeoutMs: Int) throws -> Int {
        let rc = zmq_poll(items, Int32(count), timeoutMs)
        if rc < 0 {
            let error = ZMQError.last("zmq_poll")
            if error.isInterrupted { return 0 }
            throw error
        }
        return Int(rc)
    }

    public func isReadable(_ index: Int) -> Bool { items[index].revents & Int16(ZMQ_POLLIN) != 0 }
    public func isWritable(_ index: Int) -> Bool { items[index].revents & Int16(ZMQ_POLLOUT) != 0 }
}
