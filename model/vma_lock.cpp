// The v6.1 hugetlb vma_lock and the truncation code written around it:
// mm/hugetlb.c hugetlb_vma_lock_read/_write/_trylock_write/_unlock_*,
// __hugetlb_vma_unlock_write_free, hugetlb_vma_lock_release;
// fs/hugetlbfs/inode.c hugetlb_vma_maps_page, hugetlb_unmap_file_folio,
// remove_inode_single_folio (v6.1, read in the android common 6.1 tree
// ApertureLatticework/android_kernel_test_6.1 and in the 40549ba8f8e0
// posting; the kernel wins over this model).
//
// Lock order obeyed here (see model/vma_lock.hpp for the whole v6.1 order):
//   hugetlb_fault_mutex[index] (held by the caller of remove_inode_single_folio)
//     page->flags PG_locked (the folio being removed)
//       mapping->i_mmap_rwsem (write)
//         vma_lock (trylock only while i_mmap_rwsem is held)
//       vma_lock (write, slow path: i_mmap_rwsem dropped first)
//         mapping->i_mmap_rwsem (write, retaken)
//           pmd page ptl
//
// Left out: the zap flags (ZAP_FLAG_DROP_MARKER: no uffd-wp markers here),
// the mmu notifier, mmap_lock of the unmapped VMAs.
#include "model/vma_lock.hpp"

#include "model/hugetlb.hpp"

namespace mmcheck::model {

HugetlbVmaLock::HugetlbVmaLock(const std::string& n)
    : lock("vma" + n + ".vma_lock", Lifetime::State::live),
      refs("vma" + n + ".vma_lock.refs", 1, &lock),
      rw_sema("vma" + n + ".vma_lock.rw_sema", &lock),
      vma("vma" + n + ".vma_lock.vma", kNone, &lock),
      attached("vma" + n + ".vm_private_data.vma_lock", false) {}

// __vma_shareable_lock, include/linux/hugetlb.h v6.1:
//   (vma->vm_flags & VM_MAYSHARE) && vma->vm_private_data
bool vma_shareable_lock(World& w, int vma) {
  if (!w.v.hugetlb_vma_lock) return false;
  if (!(w.vma[vma].vm_flags.load() & VM_MAYSHARE)) return false;
  return w.vma_lock[vma].attached.load();
}

void hugetlb_vma_lock_read(World& w, int vma) {
  if (vma_shareable_lock(w, vma)) w.vma_lock[vma].rw_sema.down_read();
}

void hugetlb_vma_unlock_read(World& w, int vma) {
  if (vma_shareable_lock(w, vma)) w.vma_lock[vma].rw_sema.up_read();
}

void hugetlb_vma_lock_write(World& w, int vma) {
  if (vma_shareable_lock(w, vma)) w.vma_lock[vma].rw_sema.down_write();
}

void hugetlb_vma_unlock_write(World& w, int vma) {
  if (vma_shareable_lock(w, vma)) w.vma_lock[vma].rw_sema.up_write();
}

bool hugetlb_vma_trylock_write(World& w, int vma) {
  if (!vma_shareable_lock(w, vma)) return true;
  return w.vma_lock[vma].rw_sema.down_write_trylock();
}

bool hugetlb_vma_locked_by_current(const World& w, int vma) {
  if (!w.v.hugetlb_vma_lock || !(w.vma[vma].vm_flags.peek() & VM_MAYSHARE) ||
      !w.vma_lock[vma].attached.peek())
    return true;
  const RwSemaphore& s = w.vma_lock[vma].rw_sema;
  const ThreadId me = current_thread();
  return s.writer() == me || (s.readers() & bit(me)) != 0;
}

namespace {

// hugetlb_vma_lock_release (the kref release): kfree(vma_lock).
void vma_lock_put(World& w, int lock) {
  if (w.vma_lock[lock].refs.put() == 0) w.vma_lock[lock].lock.free();
}

}  // namespace

// __hugetlb_vma_unlock_write_free -> __hugetlb_vma_unlock_write_put,
// mm/hugetlb.c v6.1: "vma_lock structure may or not be released as a
// result of put, it certainly will no longer be attached to vma so clear
// pointer. Semaphore synchronizes access to vma_lock->vma field."
void hugetlb_vma_unlock_write_free(World& w, int vma) {
  if (!vma_shareable_lock(w, vma)) return;
  HugetlbVmaLock& l = w.vma_lock[vma];
  l.vma.store(kNone);       // vma_lock->vma = NULL
  l.attached.store(false);  // vma->vm_private_data = NULL
  l.rw_sema.up_write();
  vma_lock_put(w, vma);
}

namespace {

// hugetlb_vma_maps_page, fs/hugetlbfs/inode.c v6.1: "Called with
// i_mmap_rwsem held for inode based vma maps. This makes sure vma (and
// vm_mm) will not go away." A lockless huge_pte_offset and read.
bool hugetlb_vma_maps_page(World& w, int vma, int page) {
  const Ptep ptep = huge_pte_offset(w, w.vma[vma].mm, w.page[page].index);
  if (!ptep) return false;
  const pte_t pte = huge_ptep_get(w, ptep);
  return pte_present(pte) && pte_page(pte) == page;
}

// hugetlb_unmap_file_folio, fs/hugetlbfs/inode.c v6.1 (378397ccb8e5 +
// 40549ba8f8e0): "Called with hugetlb fault mutex held. Therefore, no more
// mappings to this folio can be created while executing the routine."
// Under i_mmap_rwsem write, unmap the folio from every VMA mapping it whose
// vma_lock the trylock gets; on the first that fails, take a reference on
// that lock, drop i_mmap_rwsem, down_write the lock, retake i_mmap_rwsem,
// and if the lock is still attached to its VMA unmap there; then retry the
// walk (still holding i_mmap_rwsem). The walk visits the VMAs in index
// order (the interval tree's order is hugetlb_vmdelete_list's choice; here
// the walk repeats until no VMA maps the folio, so the order only changes
// which lock is waited for first).
void hugetlb_unmap_file_folio(World& w, int page, int index) {
  AddressSpace& mapping = w.mapping;
  mapping.i_mmap_rwsem.down_write();
  for (;;) {  // retry:
    int vma_lock = kNone;
    const unsigned i_mmap = mapping.i_mmap.load();  // vma_interval_tree_foreach
    for (int v = 0; v < static_cast<int>(w.vma.size()); ++v) {
      if (!(i_mmap & (1u << v))) continue;
      if (!hugetlb_vma_maps_page(w, v, page)) continue;
      if (!hugetlb_vma_trylock_write(w, v)) {
        // "If we can not get vma lock, we need to drop immap_sema and take
        // locks in order. First, take a ref on the vma_lock structure so
        // that we can be guaranteed it will not go away when dropping
        // immap_sema."
        cover("hugetlb_unmap_file_folio's trylock failed: it takes the vma_lock in order");
        vma_lock = v;
        w.vma_lock[v].refs.get();  // kref_get
        break;
      }
      unmap_hugepage_range(w, v, index, index + 1);
      hugetlb_vma_unlock_write(w, v);
    }
    mapping.i_mmap_rwsem.up_write();
    if (vma_lock == kNone) return;
    HugetlbVmaLock& l = w.vma_lock[vma_lock];
    // "Wait on vma_lock. We know it is still valid as we have a reference.
    // We must 'open code' vma locking as we do not know if vma_lock is
    // still attached to vma."
    l.rw_sema.down_write();
    mapping.i_mmap_rwsem.down_write();
    const int vma = l.vma.load();
    if (vma == kNone) {
      // "If lock is no longer attached to vma, then just unlock, drop our
      // reference and retry looking for other vmas."
      cover("hugetlb_unmap_file_folio found the vma_lock detached from its VMA");
      l.rw_sema.up_write();
      vma_lock_put(w, vma_lock);
      continue;
    }
    cover("hugetlb_unmap_file_folio retried the unmap under the vma_lock it waited for");
    if (hugetlb_vma_maps_page(w, vma, page)) unmap_hugepage_range(w, vma, index, index + 1);
    vma_lock_put(w, vma_lock);
    hugetlb_vma_unlock_write(w, vma);
    // goto retry, with i_mmap_rwsem held for write
  }
}

}  // namespace

void remove_inode_single_folio(World& w, int page, int index, bool truncate_op) {
  HugePage& p = w.page[page];
  // "If folio is mapped, it was faulted in after being unmapped in caller
  // or hugetlb_vmdelete_list() skips unmapping it due to fail to grab
  // lock. Unmap (again) while holding the fault mutex. The mutex will
  // prevent faults until we finish removing the folio. Hold folio lock to
  // guarantee no concurrent migration."
  p.PG_locked.lock();
  if (p.mapcount.load() > 0) {  // folio_mapped
    cover("remove_inode_single_folio found the folio mapped again");
    hugetlb_unmap_file_folio(w, page, index);
  }
  // hugetlb_delete_from_page_cache (drops the page cache's reference)
  w.mapping.page_cache[index].store(kNone);
  put_page(w, page);
  if (!truncate_op) hugetlb_unreserve_pages(w, index, index + 1, 1);
  p.PG_locked.unlock();
}

}  // namespace mmcheck::model
