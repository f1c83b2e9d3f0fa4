import type { Metadata } from "next";
import { QuickSms } from "@/components/quick-sms";

export const metadata: Metadata = { title: "Text a number" };

export default function SmsPage() {
  return <QuickSms />;
}
