import type { Metadata } from "next";
import { QuickSms } from "@/features/quick-sms/quick-sms";

export const metadata: Metadata = { title: "Text a number" };

export default function SmsPage() {
  return <QuickSms />;
}
